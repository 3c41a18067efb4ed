import { parseArgs, type ParseArgsConfig } from "node:util";

/** A mistake of the person at the command line: said in one line, exit 2, never a stack trace. */
export class CliError extends Error {}

/**
 * The command's flags, or — for an unknown flag, a flag without its value, a stray argument — the usage
 * and exit 64 (EX_USAGE), never a stack trace.
 */
export function cliArgs<O extends NonNullable<ParseArgsConfig["options"]>>(options: O, usage: string) {
  try {
    return parseArgs({ options, allowPositionals: false, strict: true }).values;
  } catch (error) {
    console.error(`error: ${(error as Error).message}\nusage: ${usage}`);
    process.exit(64);
  }
}
