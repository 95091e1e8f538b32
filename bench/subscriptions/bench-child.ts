import { fork, type ChildProcess } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import type { CommandReply, CommandRequest } from './command-server.js';

/** Options of {@link BenchChild.start}. */
export interface BenchChildOptions {
  /** The child's environment. Default: this process's. */
  env?: NodeJS.ProcessEnv;
  /** Node flags besides the tsx loader, such as `--expose-gc`. Default: none. */
  nodeFlags?: string[];
}

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 5_000;

/**
 * A bench process of its own (so it gets a core and an event loop of its own), run with tsx and
 * driven by commands over its IPC channel; every started child is killed by {@link stopAll}.
 */
export class BenchChild {
  private static readonly started = new Set<BenchChild>();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private exitCode: number | string | null = null;
  private readonly exit: Promise<void>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    child.on('message', (reply: CommandReply) => this.settle(reply));
    this.exit = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.exited(code ?? signal ?? 'unknown');
        resolve();
      });
    });
  }

  static start(name: string, file: URL, options: BenchChildOptions = {}): BenchChild {
    const child = fork(fileURLToPath(file), [], {
      execPath: process.execPath,
      execArgv: ['--import', 'tsx', ...(options.nodeFlags ?? [])],
      env: options.env ?? process.env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const benchChild = new BenchChild(name, child);
    BenchChild.started.add(benchChild);

    return benchChild;
  }

  /** Kills every child still running; safe to call more than once. */
  static stopAll(): void {
    for (const child of BenchChild.started) {
      child.kill();
    }
  }

  /** Sends `command` and resolves with the child's result; rejects on its error or a timeout. */
  call<Result>(
    command: string,
    args: object = {},
    timeoutMs = DEFAULT_TIMEOUT_MS,
  ): Promise<Result> {
    if (this.exitCode !== null) {
      return Promise.reject(new Error(`${this.name} has exited (${this.exitCode})`));
    }

    const id = this.nextId++;
    const request: CommandRequest = { id, command, args };

    return new Promise<Result>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.name} did not answer ${command} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (result) => {
          clearTimeout(timer);
          resolve(result as Result);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.child.send(request);
    });
  }

  /**
   * Asks the child to close what it holds and to exit (so exit-time output such as a CPU
   * profile is written), and kills it if it has not exited within a few seconds.
   */
  async stop(): Promise<void> {
    if (this.exitCode === null) {
      await this.call('close', {}, STOP_GRACE_MS).catch(() => undefined);
      if (this.child.connected) {
        this.child.disconnect();
      }
      await Promise.race([this.exit, delay(STOP_GRACE_MS, undefined, { ref: false })]);
    }

    this.kill();
  }

  kill(): void {
    BenchChild.started.delete(this);
    if (this.exitCode === null && this.child.exitCode === null) {
      this.child.kill('SIGKILL');
    }
  }

  private settle(reply: CommandReply): void {
    const pending = this.pending.get(reply.id);
    if (pending === undefined) {
      return;
    }

    this.pending.delete(reply.id);
    if (reply.error !== undefined) {
      pending.reject(new Error(`${this.name}: ${reply.error}`));
    } else {
      pending.resolve(reply.result);
    }
  }

  private exited(code: number | string): void {
    this.exitCode = code;
    BenchChild.started.delete(this);
    for (const pending of this.pending.values()) {
      pending.reject(new Error(`${this.name} exited (${code}) before answering`));
    }
    this.pending.clear();
  }
}
