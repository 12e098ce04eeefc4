// The yaml package as one CommonJS file once bundled (see ./markdown.ts): ~30 ms less per start
// that reads YAML. Loaded lazily through ./load-yaml.ts, never at import time.
import yaml = require('yaml');
export = yaml;
