// The yaml package as one CommonJS file once bundled (see ./markdown.ts), for starts that read
// YAML. Loaded lazily through ./load-yaml.ts, never at import time.
import yaml = require('yaml');
export = yaml;
