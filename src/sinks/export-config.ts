import { Type, type Static } from '@sinclair/typebox';

export const ExportConfigSchema = Type.Object(
  {
    stdout: Type.Object(
      { enabled: Type.Boolean({ default: false, description: 'write enriched records as JSON lines on stdout in `serve`' }) },
      { default: {}, additionalProperties: false },
    ),
  },
  { default: {}, additionalProperties: false },
);

export type ExportConfig = Static<typeof ExportConfigSchema>;
