/** A command of the `district-returns` CLI: gets its own arguments, returns the exit code. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** Exit codes: 0 done, 1 a failure while running, 2 bad usage or an input that cannot be read. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
