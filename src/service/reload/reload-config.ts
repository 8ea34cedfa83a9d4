import { Type, type Static } from '@sinclair/typebox';
import { Duration } from '../../config/duration.js';

export const ReloadConfigSchema = Type.Object(
  {
    watch: Type.Boolean({
      default: false,
      description: 'reload when the config file or a rule directory changes (SIGHUP and POST /-/reload work either way)',
    }),
    debounce: Duration('1s', 'wait this long after the last change seen before reloading (editors and ConfigMap updates write in steps)'),
    endpoint: Type.Boolean({
      default: true,
      description: 'answer POST /-/reload on the HTTP input port, to loopback peers only and with the same credentials as ingest',
    }),
  },
  { default: {}, additionalProperties: false },
);

export type ReloadConfig = Static<typeof ReloadConfigSchema>;
