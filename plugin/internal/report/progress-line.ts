/**
 * A one-line progress indicator on a stream: rewritten in place on a terminal, throttled to one
 * line per phase change elsewhere (CI logs stay short).
 */
export function progressLine(stream: NodeJS.WriteStream) {
  const tty = stream.isTTY === true;
  let lastPhase = "";
  let lastWrite = 0;
  return {
    update(text: string) {
      if (tty) {
        const now = Date.now();
        if (now - lastWrite < 100) return;
        lastWrite = now;
        stream.write(`\r\x1b[2K${text}`);
        return;
      }
      const phase = text.replace(/[\d/]+ tx.*$/, "");
      if (phase !== lastPhase) {
        lastPhase = phase;
        stream.write(`${text}\n`);
      }
    },
    done(text: string) {
      stream.write(tty ? `\r\x1b[2K${text}\n` : `${text}\n`);
      lastPhase = "";
    },
  };
}
