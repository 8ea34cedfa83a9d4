import { Type, type Static } from '@sinclair/typebox';

export const HttpSourceConfigSchema = Type.Object(
  {
    enabled: Type.Boolean({ default: true, description: 'listen for Fluent Bit http output in `serve`' }),
    host: Type.String({ default: '127.0.0.1', description: 'listen address (a sidecar needs only loopback)' }),
    port: Type.Integer({ minimum: 0, maximum: 65535, default: 9880, description: 'listen port (0 picks one)' }),
  },
  { default: {}, additionalProperties: false },
);

export type HttpSourceConfig = Static<typeof HttpSourceConfigSchema>;
