/**
 * `node dist/tools/bench/chat/profile-report.js <dir>`: reads the V8 CPU profiles that
 * `npm run bench:chat -- --cpu-prof <dir>` had every service write, and prints where their
 * CPU time went during the measured runs (the bench writes their windows beside the
 * profiles), by kind of work (docs/performance.md): self time of each sample, charged to
 * the first frame up its stack that names a known kind (pg driver, ioredis, socket.io, zod,
 * logging, JSON, …), in ms per answer.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '@eloquent/cli';
import { breakdownLines, sumBreakdowns, type Breakdown } from './breakdown';
import { categoryOf, summarise, type CpuProfile, type Window } from './profile-categories';

const parsed = cli({
  usage: 'node dist/tools/bench/chat/profile-report.js <dir> [options]',
  description: 'Where the CPU time of the services went, from the .cpuprofile files of bench:chat --cpu-prof.',
  positionals: '<dir>',
  options: {
    mode: { type: 'string', description: 'the mode whose measured windows to read (windows-<mode>.json)', default: 'keyless', hint: 'mode' },
    whole: { type: 'boolean', description: 'the whole profiles (start-up and warm-up included), not the measured windows' },
  },
});

function main(): void {
  const dir = parsed.positionals[0];
  if (!dir) throw new Error('the folder of .cpuprofile files is required');
  const windowsFile = join(dir, `windows-${parsed.values['mode']}.json`);
  const windows = !parsed.values['whole'] && existsSync(windowsFile) ? (JSON.parse(readFileSync(windowsFile, 'utf8')) as Window[]) : undefined;
  const answers = windows?.reduce((sum, w) => sum + w.answers, 0);
  console.log(windows ? `${windows.length} measured window(s), ${answers} answers` : 'whole profiles');
  const byService: Breakdown[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const service = serviceOf(profile);
    const byCategory = summarise(profile, categoryOf, windows);
    byCategory.delete('idle');
    byService.push(byCategory);
    const busy = [...byCategory.values()].reduce((sum, ms) => sum + ms, 0);
    console.log(`\n${service} (${file}): ${Math.round(busy)} ms busy`);
    for (const line of breakdownLines(byCategory, answers)) console.log(line);
  }
  const totals = sumBreakdowns(byService);
  const all = [...totals.values()].reduce((a, b) => a + b, 0);
  console.log(`\nall services: ${Math.round(all)} ms busy${answers ? `, ${(all / answers).toFixed(2)} ms per answer` : ''}`);
  for (const line of breakdownLines(totals, answers)) console.log(line);
}

/** The service a profile belongs to: the app whose main.js is in it. */
function serviceOf(profile: CpuProfile): string {
  for (const node of profile.nodes) {
    const match = /dist\/apps\/([a-z]+)\/src\/main\.js/.exec(node.callFrame.url);
    if (match) return match[1];
  }
  return 'unknown';
}

main();
