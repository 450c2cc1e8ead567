/** Runs `district-returns ARGS…` in this process, as the CLI would, and gives its exit code and output. */
import { main } from '../../server/cli/index';

export async function runCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}
