import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';

let session: Session | null = null;

/** Starts sampling this process's CPU, for the `profileStart` command every bench child answers. */
export async function startCpuProfile(): Promise<void> {
  session ??= new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}

/** Stops sampling and writes the profile, readable by Chrome DevTools, to `file`. */
export async function stopCpuProfile(file: string): Promise<void> {
  if (session === null) {
    throw new Error('No CPU profile was started');
  }

  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  await writeFile(file, JSON.stringify(profile));
}
