/** The verified caller of a request or WebSocket operation. */
export interface Viewer {
  userId: string;
  organizationId: string;
  roles: readonly string[];
  isAdmin: boolean;
  /** When the token stops being valid. */
  expiresAt: Date | null;
}
