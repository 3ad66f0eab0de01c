// `npm install` runs this (the `prepare` script): it points git at the repository's hooks
// (.husky/, via husky), so each commit formats and lints its staged files (lint-staged, config
// in package.json). It never fails an install: without a .git folder (an archive, a Docker
// build), without husky (`npm install --omit=dev`) or with HUSKY=0 it says so and stops.
import { existsSync } from 'node:fs';

const say = (message) => console.log(`git hooks: ${message}`);

if (process.env.HUSKY === '0') say('skipped (HUSKY=0)');
else if (!existsSync('.git')) say('skipped (not a git checkout)');
else {
  try {
    const { default: husky } = await import('husky');
    const problem = husky('.husky');
    say(problem ? `not installed: ${problem}` : 'installed (.husky/pre-commit: lint-staged)');
  } catch (error) {
    say(`not installed (${error instanceof Error ? error.message.split('\n')[0] : error})`);
  }
}
