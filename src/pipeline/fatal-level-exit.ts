/**
 * Go's loggers end the process on their fatal level: klog's Fatal writes the line (with the
 * goroutines' stacks) then calls os.Exit(255) (k8s.io/klog/v2 klog.go, glog the same), logrus'
 * Fatal calls Exit(1) after the entry (sirupsen/logrus entry.go, 1.x), zap's Fatal os.Exit(1)
 * (zapcore WriteThenFatal), zerolog's Fatal os.Exit(1). Their panic level ends it too, unless the
 * program recovers: zap's Panic writes then panics (zapcore WriteThenPanic), logrus' Panic calls
 * panic() after the entry, zerolog's Panic the same; Go's "panic: " and the goroutines follow. A line such a logger wrote at that level
 * is the process's last word, its death, when no rule gave the line an event of its own. Their
 * level words are lower case ("fatal"; klog's "F" letter); an upper-case FATAL is other
 * loggers' (log4j, NLog: the process goes on) and PostgreSQL's FATAL ends one session only.
 */
export function diesOnFatal(format: string, levelText: string | undefined): boolean {
  if (format === 'klog') return levelText === 'F';
  return (format === 'logfmt' || format === 'json') && (levelText === 'fatal' || levelText === 'panic');
}
