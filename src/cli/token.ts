import { parseArgs } from 'node:util';

import { signToken } from '../auth/tokens.js';
import { loadConfig } from '../config/config.js';

// Prints a development token signed with AUTH_JWT_SECRET:
//   npm run token -- --org org-456 --user user-789 [--admin] [--expires 12h]

const USAGE = 'Usage: npm run token -- --org ORG_ID --user USER_ID [--admin] [--expires 12h]';

const { values } = parseCommandLine();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!values.org || !values.user) {
  console.error(USAGE);
  process.exit(2);
}

try {
  const token = await signToken(loadConfig().jwtSecret, {
    organizationId: values.org,
    userId: values.user,
    roles: values.admin ? ['admin'] : [],
    expiresIn: values.expires,
  });
  console.log(token);
} catch (error) {
  console.error(`Cannot make a token: ${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}

function parseCommandLine() {
  try {
    return parseArgs({
      options: {
        org: { type: 'string' },
        user: { type: 'string' },
        admin: { type: 'boolean', default: false },
        expires: { type: 'string', default: '12h' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}
