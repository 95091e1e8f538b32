import { parseArgs } from 'node:util';

import { signToken } from '../auth/tokens.js';
import { loadConfig } from '../config/config.js';

// Prints a development token signed with AUTH_JWT_SECRET:
//   npm run token -- --org org-456 --user user-789 [--admin] [--expires 12h]

const { values } = parseArgs({
  options: {
    org: { type: 'string' },
    user: { type: 'string' },
    admin: { type: 'boolean', default: false },
    expires: { type: 'string', default: '12h' },
  },
});

if (values.org === undefined || values.user === undefined) {
  console.error('Usage: npm run token -- --org ORG_ID --user USER_ID [--admin] [--expires 12h]');
  process.exit(2);
}

const token = await signToken(loadConfig().jwtSecret, {
  organizationId: values.org,
  userId: values.user,
  roles: values.admin ? ['admin'] : [],
  expiresIn: values.expires,
});
console.log(token);
