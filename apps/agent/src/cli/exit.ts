/**
 * Exits once stdout and stderr have handed everything to the kernel. On a pipe Node writes
 * asynchronously, and `process.exit` drops what is still queued: `netloom plan FILE --json | jq`
 * got 64-196 KiB of a 535 KiB answer. An empty write's callback runs after every earlier write.
 */
export function exitWhenFlushed(code: number): void {
  let waiting = 2;
  const done = () => {
    waiting -= 1;
    if (waiting === 0) process.exit(code);
  };
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.writableLength === 0 || stream.destroyed) {
      done();
      continue;
    }
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      done();
    };
    stream.once('close', finish);
    stream.write('', finish);
  }
}

/**
 * A reader that stops early (`netloom plan FILE --json | head`) closes the pipe: the rest of the
 * answer has nowhere to go, which is no failure of netloom's (and no stack trace for the user).
 */
export function ignoreClosedReader(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
}
