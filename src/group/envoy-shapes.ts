/**
 * Envoy's debug log of a header map: the message ends with `:` and a newline, then one line per
 * header as `'<key>', '<value>'` and a newline after the last (envoyproxy/envoy
 * source/common/http/header_map_impl.cc HeaderMapImpl::dumpState, at indent 0; written by e.g.
 * conn_manager_impl.cc `request headers complete (end_stream={}):\n{}`), so the record ends with
 * a blank line. Under Envoy's default format `[%Y-%m-%d %T.%e][%t][%l][%n] ...` every line after the
 * first has no header of its own.
 */

/** `[2020-09-08 16:08:59.138][14][debug][http] ... (end_stream=true):`: a header map follows. */
const INTRO = /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\]\[\d+\]\[[a-z]+\]\[/;

export function isEnvoyHeaderDumpIntro(text: string): boolean {
  return text.charCodeAt(0) === 91 && text.charCodeAt(text.length - 1) === 58 && INTRO.test(text);
}

/** `':authority', 'example.com'`: one header of the map. */
export function isEnvoyHeaderLine(text: string): boolean {
  return text.charCodeAt(0) === 39 && text.charCodeAt(text.length - 1) === 39 && text.length >= 6 && text.indexOf("', '", 1) > 0;
}
