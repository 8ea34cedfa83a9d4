import { createClassifier } from '../classify/create-classifier.js';
import type { Config } from '../config/schema.js';
import type { LogRecord } from '../model/record.js';
import { Pipeline } from '../pipeline/pipeline.js';
import { SelfTelemetry } from '../telemetry/self-telemetry.js';
import type { CliIo } from './cli-io.js';
import { defaultPod, type PodFlags } from './default-pod.js';

/** The pipeline `analyze` and `tag` run in-process: configured rules, identity from flags/env. */
export function commandPipeline(flags: PodFlags, config: Config, io: CliIo, output: (records: LogRecord[]) => void): Pipeline {
  return new Pipeline(
    {
      config: config.pipeline,
      classifier: createClassifier(config.pipeline.classify),
      telemetry: new SelfTelemetry(),
      defaultPod: defaultPod(flags, config, io.env),
    },
    output,
  );
}
