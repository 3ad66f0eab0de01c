/**
 * Preloaded into every service by `npm run bench:chat -- --cpu-prof <dir>` (NODE_OPTIONS
 * `--require`; node refuses `--cpu-prof` there): a V8 CPU profile of the whole process,
 * written to $CPU_PROFILE_DIR/<service>-<pid>.cpuprofile at SIGTERM (the bench's stop, after
 * its measured runs: Nest ends the process by raising the signal again, so no `exit` event
 * follows) or at exit. The inspector session is in-process, so stopping and writing are
 * synchronous and work inside these handlers.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { basename, dirname, join } from 'node:path';

const dir = process.env.CPU_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  // dist/apps/<service>/src/main.js
  const service = basename(dirname(dirname(process.argv[1] ?? 'unknown')));
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(join(dir, `${service}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  };
  process.once('SIGTERM', write);
  process.once('exit', write);
}
