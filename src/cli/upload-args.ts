/**
 * The arguments of the commands that send a file to the API (`npm run import`, `npm run wage-records`):
 * `FILE [--dry-run] [--url …] [--token …]`, with WIOA_API_URL / WIOA_API_TOKEN as the defaults.
 */
export interface UploadArgs {
  file: string;
  dryRun: boolean;
  url: string;
  token: string;
}

/** Parses the arguments; anything else prints the usage line of `command` and exits 1. */
export function parseUploadArgs(argv: string[], command: string): UploadArgs {
  const usage = (): never => {
    process.stderr.write(`usage: npm run ${command} -- FILE [--dry-run] [--url http://127.0.0.1:3000] [--token <supervisor token>]\n`);
    process.exit(1);
  };
  let file: string | undefined;
  let dryRun = false;
  let url = process.env.WIOA_API_URL || 'http://127.0.0.1:3000';
  let token = process.env.WIOA_API_TOKEN || 'dev-supervisor';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--dry-run') dryRun = true;
    else if (a === '--url') url = argv[++i] ?? usage();
    else if (a === '--token') token = argv[++i] ?? usage();
    else if (a.startsWith('--')) usage();
    else if (file === undefined) file = a;
    else usage();
  }
  return { file: file ?? usage(), dryRun, url, token };
}
