import type { AppFormat } from './app-format.js';
import { airflowFormat } from './airflow.js';
import { apacheErrorFormat } from './apache-error.js';
import { bglFormat } from './bgl.js';
import { capnslogFormat } from './capnslog.js';
import { celeryFormat } from './celery.js';
import { cfdrSyslogFormat } from './cfdr-syslog.js';
import { clickHouseFormat } from './clickhouse.js';
import { cockroachFormat } from './cockroach.js';
import { dotnetConsoleFormat } from './dotnet-console.js';
import { epochPrefixFormat } from './epoch-prefix.js';
import { fluentBitLogFormat } from './fluent-bit-log.js';
import { elasticsearchLog4jFormat } from './elasticsearch-log4j.js';
import { erlangReportFormat } from './erlang-report.js';
import { gunicornFormat } from './gunicorn.js';
import { hpcFormat } from './hpc.js';
import { javaLoggingFormat } from './java-logging.js';
import { julSimpleFormat } from './jul-simple.js';
import { jvmUnifiedFormat } from './jvm-unified.js';
import { jsonLogFormat } from './json-log.js';
import { klogFormat } from './klog.js';
import { kubectlPodsFormat } from './kubectl-pods.js';
import { log4jThreadLevelFormat } from './log4j-thread-level.js';
import { logcatFormat } from './logcat.js';
import { logfmtFormat } from './logfmt.js';
import { loguruFormat } from './loguru.js';
import { macosSyslogFormat } from './macos-syslog.js';
import { mongodbLegacyFormat } from './mongodb-legacy.js';
import { nginxErrorFormat } from './nginx-error.js';
import { osloFormat } from './oslo.js';
import { passengerFormat } from './passenger.js';
import { proxifierFormat } from './proxifier.js';
import { phpDisplayFormat } from './php-display.js';
import { phpLogFormat } from './php-log.js';
import { pgbouncerFormat } from './pgbouncer.js';
import { raySpdlogFormat } from './ray-spdlog.js';
import { redisFormat } from './redis.js';
import { rubyLoggerFormat } from './ruby-logger.js';
import { pythonBasicFormat, pythonTimestampedFormat } from './python-logging.js';
import { serilogFormat } from './serilog.js';
import { sidekiqFormat } from './sidekiq.js';
import { sonarqubeFormat } from './sonarqube.js';
import { syslogFormat, syslogIsoFormat } from './syslog.js';
import { timeRowFormat } from './time-row.js';
import { tornadoFormat } from './tornado.js';
import { windowsCbsFormat } from './windows-cbs.js';
import { zapConsoleFormat } from './zap-console.js';
import { zookeeperLog4jFormat } from './zookeeper-log4j.js';

/**
 * The application formats, in the order they are tried among those that can start with a line's
 * first character; the first whose anchored check passes parses the line. A line no format
 * claims gets a learned header or the plain reading (plain.ts). A new format is one file
 * exporting an AppFormat and one row here: put the stricter shapes before the looser ones that
 * could also accept their lines (oslo before java, python before java).
 */
export const APP_FORMATS: readonly AppFormat[] = [
  timeRowFormat,
  passengerFormat,
  jvmUnifiedFormat,
  julSimpleFormat,
  celeryFormat,
  phpLogFormat,
  gunicornFormat,
  redisFormat,
  log4jThreadLevelFormat,
  fluentBitLogFormat,
  raySpdlogFormat,
  rubyLoggerFormat,
  tornadoFormat,
  airflowFormat,
  dotnetConsoleFormat,
  serilogFormat,
  elasticsearchLog4jFormat,
  erlangReportFormat,
  sidekiqFormat,
  capnslogFormat,
  sonarqubeFormat,
  pgbouncerFormat,
  clickHouseFormat,
  zookeeperLog4jFormat,
  epochPrefixFormat,
  mongodbLegacyFormat,
  loguruFormat,
  apacheErrorFormat,
  proxifierFormat,
  pythonTimestampedFormat,
  osloFormat,
  javaLoggingFormat,
  zapConsoleFormat,
  syslogIsoFormat,
  windowsCbsFormat,
  nginxErrorFormat,
  logcatFormat,
  hpcFormat,
  jsonLogFormat,
  klogFormat,
  cockroachFormat,
  macosSyslogFormat,
  syslogFormat,
  phpDisplayFormat,
  bglFormat,
  cfdrSyslogFormat,
  pythonBasicFormat,
  kubectlPodsFormat,
  logfmtFormat,
];
