/**
 * Which archive the running app downloads from: data.binance.vision, unless the test-only
 * PERPDOJO_TEST_ARCHIVE_URL names a server on http://127.0.0.1 (anything else is refused, so
 * no setting can point the app at another host).
 */
import { binanceArchive, loopbackTestArchive, type ArchiveOrigin } from './archive'

export function archiveOriginFromEnv(env: NodeJS.ProcessEnv = process.env): ArchiveOrigin {
  const test = env.PERPDOJO_TEST_ARCHIVE_URL
  return test ? loopbackTestArchive(test) : binanceArchive()
}

/** Idle timeout for downloads: 30 s; a test archive may shorten it (PERPDOJO_TEST_ARCHIVE_IDLE_MS). */
export function archiveIdleMsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const ms = Number(env.PERPDOJO_TEST_ARCHIVE_IDLE_MS)
  return env.PERPDOJO_TEST_ARCHIVE_URL && ms > 0 ? ms : 30_000
}
