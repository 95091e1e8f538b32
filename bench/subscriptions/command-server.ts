import { startCpuProfile, stopCpuProfile } from './cpu-profile.js';

/** What a bench child process sends back for one command. */
export interface CommandReply {
  id: number;
  result?: unknown;
  error?: string;
}

/** What the bench main process sends a child: a named command and its arguments. */
export interface CommandRequest {
  id: number;
  command: string;
  args: unknown;
}

/** The commands a child answers, each taking the arguments the main process sent. */
export type CommandHandlers = Record<string, (args: never) => Promise<unknown>>;

/** Commands every child answers besides its own: CPU profiles of part of a measurement. */
const COMMON_HANDLERS: CommandHandlers = {
  profileStart: async () => startCpuProfile(),
  profileStop: async (args: { file: string }) => stopCpuProfile(args.file),
};

/**
 * Answers commands arriving on this process's IPC channel, one reply per command, and exits
 * when the channel closes, so a child never outlives the bench that started it.
 */
export function serveCommands(own: CommandHandlers): void {
  const handlers = { ...COMMON_HANDLERS, ...own };
  const send = process.send?.bind(process);
  if (send === undefined) {
    throw new Error('A bench child must be started with an IPC channel');
  }

  process.on('disconnect', () => process.exit(0));
  process.on('message', (message: CommandRequest) => {
    void answer(handlers, message).then((reply) => send(reply));
  });
}

async function answer(handlers: CommandHandlers, request: CommandRequest): Promise<CommandReply> {
  const handler = handlers[request.command] as ((args: unknown) => Promise<unknown>) | undefined;
  if (handler === undefined) {
    return { id: request.id, error: `Unknown command ${request.command}` };
  }

  try {
    return { id: request.id, result: await handler(request.args) };
  } catch (error) {
    return { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
}
