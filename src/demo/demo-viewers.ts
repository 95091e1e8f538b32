import { randomBytes } from 'node:crypto';

import { signToken } from '../auth/tokens.js';

/** Someone the scenario acts as, with a signed token. */
export interface DemoViewer {
  /** How the demo names the organization: org-A, org-B or org-C. */
  label: string;
  /** The organization in the token: the label and a suffix unique to this run. */
  organizationId: string;
  userId: string;
  admin: boolean;
  token: string;
}

/** The four viewers of the multi-tenancy scenario. */
export interface DemoViewers {
  orgAMember: DemoViewer;
  orgAAdmin: DemoViewer;
  orgBMember: DemoViewer;
  orgCMember: DemoViewer;
}

/**
 * Signs tokens for the scenario's viewers. Each run gets organizations of its own, so activities
 * left in the demo database by earlier runs never change what this run counts.
 */
export async function createDemoViewers(jwtSecret: string): Promise<DemoViewers> {
  const run = randomBytes(3).toString('hex');
  const viewer = (label: string, userId: string, admin = false) =>
    signDemoViewer(jwtSecret, { label, organizationId: `${label}-${run}`, userId, admin });

  return {
    orgAMember: await viewer('org-A', 'alice'),
    orgAAdmin: await viewer('org-A', 'olivia', true),
    orgBMember: await viewer('org-B', 'bob'),
    orgCMember: await viewer('org-C', 'carol'),
  };
}

async function signDemoViewer(secret: string, viewer: Omit<DemoViewer, 'token'>) {
  const token = await signToken(secret, {
    organizationId: viewer.organizationId,
    userId: viewer.userId,
    roles: viewer.admin ? ['admin'] : [],
    expiresIn: '1h',
  });

  return { ...viewer, token };
}
