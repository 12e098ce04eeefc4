import { createRequire } from 'node:module';

type YamlModule = typeof import('yaml');
let loaded: YamlModule | undefined;

/**
 * The yaml package, loaded on first use: commands that read no YAML (`sot gate stage2` on the
 * generated rules data) never pay for it. The bundled copy (dist/vendor/yaml.cjs) when the build made
 * it, else the package itself (tests on the TypeScript sources).
 */
export function loadYaml(): YamlModule {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    try {
      loaded = require('./yaml.cjs') as YamlModule;
    } catch {
      loaded = require('yaml') as YamlModule;
    }
  }
  return loaded;
}
