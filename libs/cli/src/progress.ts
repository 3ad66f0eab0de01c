/**
 * A progress reporter for long work (`done / total`): rewrites one line on a terminal, and
 * prints a line per tenth of the work otherwise (CI logs), so a long run never looks stuck.
 */
export function progress(label: string, stream: NodeJS.WriteStream | { isTTY?: boolean; write(s: string): unknown } = process.stdout) {
  let lastTenth = -1;
  let finished = false;
  return (done: number, total: number): void => {
    if (finished) return;
    const line = `${label}: ${done}/${total}${total ? ` (${Math.floor((done / total) * 100)}%)` : ''}`;
    if (stream.isTTY) stream.write(`\r${line}`);
    else {
      const tenth = total ? Math.floor((done / total) * 10) : 10;
      if (tenth > lastTenth) stream.write(`${line}\n`);
      lastTenth = tenth;
    }
    if (done >= total) {
      finished = true;
      if (stream.isTTY) stream.write('\n');
    }
  };
}
