import { EXIT, type CliCommand } from './types';

// Placeholder until its issue lands; replaced by the real command.
export const serveCommand: CliCommand = {
  name: 'serve',
  summary: '(not available yet)',
  usage: 'district-returns serve',
  async run(_args, io) {
    io.stderr('district-returns serve: not available yet\n');
    return EXIT.failed;
  },
};
