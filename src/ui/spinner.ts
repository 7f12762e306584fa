import pc from "picocolors";

export interface Spinner {
  /** Changes the text beside the spinner. */
  message(text: string): void;
  stop(message: string): void;
  error(message: string): void;
}

/**
 * A spinner drawn in clack's style that leaves the terminal in its normal mode. Clack's own
 * puts stdin in raw mode and turns Ctrl-C into `process.exit(0)`: an install interrupted that
 * way would exit 0 and leave the package manager running.
 */
export function startSpinner(message: string, output: NodeJS.WriteStream = process.stdout): Spinner {
  const frames = ["◒", "◐", "◓", "◑"];
  let frame = 0;
  const draw = () => output.write(`\r\x1b[2K${pc.magenta(frames[frame++ % frames.length]!)}  ${message}`);
  output.write(`${pc.gray("│")}\n`);
  draw();
  const timer = setInterval(draw, 100);
  const end = (symbol: string, text: string) => {
    clearInterval(timer);
    output.write(`\r\x1b[2K${symbol}  ${text}\n`);
  };
  return {
    message: (text) => {
      message = text;
      draw();
    },
    stop: (text) => end(pc.green("◇"), text),
    error: (text) => end(pc.red("■"), text),
  };
}
