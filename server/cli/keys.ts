import { EXIT, type CliCommand } from './types';

// Placeholder until its issue lands; replaced by the real command.
export const keysCommand: CliCommand = {
  name: 'keys',
  summary: '(not available yet)',
  usage: 'district-returns keys',
  async run(_args, io) {
    io.stderr('district-returns keys: not available yet\n');
    return EXIT.failed;
  },
};
