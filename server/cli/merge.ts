import { EXIT, type CliCommand } from './types';

// Placeholder until its issue lands; replaced by the real command.
export const mergeCommand: CliCommand = {
  name: 'merge',
  summary: '(not available yet)',
  usage: 'district-returns merge',
  async run(_args, io) {
    io.stderr('district-returns merge: not available yet\n');
    return EXIT.failed;
  },
};
