#!/usr/bin/env node
// The program's old path: pre-commit hooks written by earlier versions (`sot init --hook`) start
// `node …/dist/cli/bin.js`. It runs the `sot` program (sot.cts), which reads process.argv itself.
import './sot.cjs';
