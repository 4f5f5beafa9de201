import { parse, stringify } from 'yaml';

import { YAML_READ_OPTIONS, YAML_WRITE_OPTIONS, type YamlLibrary } from './text';

/**
 * The `yaml` library with the options for documents (text.ts). Also `@netloom/topology/yaml`, so
 * that the designer can load it as a chunk of its own (`import()`) when it first needs it.
 */
export const YAML: YamlLibrary = {
  parse: (text) => parse(text, YAML_READ_OPTIONS) as unknown,
  stringify: (value) => stringify(value, YAML_WRITE_OPTIONS),
};
