#!/usr/bin/env node
/** `district-returns <command>`: check a return, serve the sync service, manage keys, merge a master. */
import { checkCommand } from './check';
import { keysCommand } from './keys';
import { mergeCommand } from './merge';
import { serveCommand } from './serve';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EXIT, type CliCommand, type CliIo } from './types';

const COMMANDS: readonly CliCommand[] = [checkCommand, serveCommand, keysCommand, mergeCommand];

function help(): string {
  const lines = ['Usage: district-returns <command> [options]', '', 'Commands:'];
  for (const command of COMMANDS) lines.push(`  ${command.name.padEnd(8)} ${command.summary}`);
  lines.push('', 'Run `district-returns <command> --help` for a command\'s options.');
  return `${lines.join('\n')}\n`;
}

/**
 * The version in the package's package.json: the first one found going up from this file, which
 * sits in server/cli/ when run from source and in dist/server/cli/ when built.
 */
export function readVersion(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'district-returns' && manifest.version) return manifest.version;
    } catch {
      // No package.json here: look in the folder above.
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${readVersion()}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`district-returns: unknown command "${name}". Commands: ${COMMANDS.map((c) => c.name).join(', ')}.\n`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.usage}\n`);
    return EXIT.ok;
  }
  return command.run(rest, io);
}

if (require.main === module) {
  const io: CliIo = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      io.stderr(`district-returns: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = EXIT.failed;
    },
  );
}
