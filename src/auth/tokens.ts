import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';

import { containsUnstorable } from '../db/storable-text.js';
import type { Viewer } from './viewer.js';

const ALGORITHM = 'HS256';

const claimText = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    // PostgreSQL cannot store these, and would read an unpaired surrogate as U+FFFD: another
    // organization's key.
    .refine((value) => !containsUnstorable(value));

const claimsSchema = z.object({
  sub: claimText(200),
  org_id: claimText(200),
  roles: z.array(z.string()).default([]),
  exp: z.number(),
});

/** Why a token was refused; the message is safe to show the client. */
export class InvalidTokenError extends Error {
  override name = 'InvalidTokenError';
}

/** Claims of a token made by {@link signToken}. */
export interface TokenClaims {
  userId: string;
  organizationId: string;
  roles?: string[];
  /** A jose time span such as `1h` or `30d`. Default: `12h`. */
  expiresIn?: string | number;
}

/** Signs an HS256 token with the claims `sub`, `org_id` and `roles`. */
export async function signToken(secret: string, claims: TokenClaims): Promise<string> {
  return new SignJWT({ org_id: claims.organizationId, roles: claims.roles ?? [] })
    .setProtectedHeader({ alg: ALGORITHM })
    .setSubject(claims.userId)
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? '12h')
    .sign(encodeSecret(secret));
}

/** Verifies an HS256 token and returns its viewer; throws {@link InvalidTokenError}. */
export async function verifyToken(secret: string, token: string): Promise<Viewer> {
  const payload = await verifiedPayload(secret, token);
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) {
    throw new InvalidTokenError('Token lacks valid sub, org_id, roles or exp claims');
  }

  const { sub, org_id: organizationId, roles, exp } = claims.data;

  return {
    userId: sub,
    organizationId,
    roles,
    isAdmin: roles.includes('admin'),
    expiresAtMs: exp * 1000,
  };
}

async function verifiedPayload(secret: string, token: string) {
  try {
    // A token without an expiry would keep live streams open forever.
    const { payload } = await jwtVerify(token, encodeSecret(secret), {
      algorithms: [ALGORITHM],
      requiredClaims: ['exp'],
    });

    return payload;
  } catch (error) {
    throw new InvalidTokenError(describeFailure(error));
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof errors.JWTExpired) {
    return 'Token has expired';
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return 'Token signature is invalid';
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return `Token must be signed with ${ALGORITHM}`;
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return error.claim === 'nbf'
      ? 'Token is not valid yet'
      : `Token claim ${error.claim} is invalid`;
  }

  return 'Token is malformed';
}

function encodeSecret(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** Extracts the token from an `Authorization: Bearer <token>` value; null when absent. */
export function bearerToken(header: string | null | undefined): string | null {
  if (header === null || header === undefined || header.trim() === '') {
    return null;
  }

  const match = /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
  if (match === null) {
    throw new InvalidTokenError('Authorization must be "Bearer <token>"');
  }

  return match[1] ?? null;
}
