import { EXIT, type CliCommand } from './types';

// Placeholder until its issue lands; replaced by the real command.
export const checkCommand: CliCommand = {
  name: 'check',
  summary: '(not available yet)',
  usage: 'district-returns check',
  async run(_args, io) {
    io.stderr('district-returns check: not available yet\n');
    return EXIT.failed;
  },
};
