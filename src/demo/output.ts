/**
 * Where the demo prints for a person. The command line passes `console`; nothing else in `src/`
 * prints.
 */
export interface Output {
  log(line: string): void;
  error(line: string): void;
}
