/** The verified caller of a request or WebSocket operation. */
export interface Viewer {
  userId: string;
  organizationId: string;
  roles: readonly string[];
  isAdmin: boolean;
  /**
   * When the token stops being valid, in milliseconds since the epoch (a number rather than a
   * Date: every open subscription keeps its viewer).
   */
  expiresAtMs: number | null;
}
