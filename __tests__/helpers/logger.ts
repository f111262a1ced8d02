import type { Logger } from '../../src/ports.js';

/** An in-memory Logger port: records every call, as `<level>: <message>`. */
export class RecordingLogger implements Logger {
  readonly lines: string[] = [];
  readonly groups: string[] = [];
  info(m: string) {
    this.lines.push(`info: ${m}`);
  }
  notice(m: string) {
    this.lines.push(`notice: ${m}`);
  }
  warning(m: string) {
    this.lines.push(`warning: ${m}`);
  }
  error(m: string) {
    this.lines.push(`error: ${m}`);
  }
  group<T>(title: string, body: () => Promise<T>): Promise<T> {
    this.groups.push(title);
    return body();
  }
  private level(level: string): string[] {
    return this.lines
      .filter((l) => l.startsWith(`${level}: `))
      .map((l) => l.slice(level.length + 2));
  }
  get infos(): string[] {
    return this.level('info');
  }
  get notices(): string[] {
    return this.level('notice');
  }
  get warnings(): string[] {
    return this.level('warning');
  }
  get errors(): string[] {
    return this.level('error');
  }
}
