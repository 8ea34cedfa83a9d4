// Bug: the container identity was read from CONTAINER_NAME, which container runtimes and CI
// sandboxes set for their own purposes (here it named the sandbox, not the pod's container).
// The downward API has no container-name field, so logsift reads LOGSIFT_CONTAINER_NAME only.
import t from 'tap';
import { defaultPod } from '../../src/cli/default-pod.js';
import { loadConfig } from '../../src/config/load-config.js';

t.test('CONTAINER_NAME from the environment is not taken as the pod container', async (t) => {
  const config = loadConfig();
  const env = { CONTAINER_NAME: 'heavy-plain-sandbox', POD_NAME: 'api-1', POD_NAMESPACE: 'dev' };
  t.same(defaultPod({}, config, env), { namespace: 'dev', pod: 'api-1', container: 'unknown' });
  t.equal(defaultPod({}, config, { ...env, LOGSIFT_CONTAINER_NAME: 'api' }).container, 'api');
  t.equal(defaultPod({ container: 'web' }, config, { LOGSIFT_CONTAINER_NAME: 'api' }).container, 'web', 'flags win');
});
