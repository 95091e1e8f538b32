import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed documents for the API's own clients: the demo and the tests. Reads the committed
// schema.graphql, so `npm run schema` comes first when the schema changes.
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['src/demo/**/*.ts', 'test/**/*.ts', '!src/generated/**'],
  ignoreNoDocuments: false,
  generates: {
    'src/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        emitLegacyCommonJSImports: false,
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', JSON: 'unknown' },
      },
    },
  },
};

export default config;
