import t from 'tap';
import { isPastedCommand } from '../../src/classify/pasted-command.js';

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
  ]) {
    t.ok(isPastedCommand(line), line);
  }
});

void t.test("a tool's invocation without its prompt", async (t) => {
  for (const line of ['docker run httpd:latest', ' kubectl describe pod kubernetes-dashboard-5f48f6b647-cbhzz -n kube-system', 'journalctl -u kubelet --since today', 'sudo systemctl restart nginx']) {
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
  ]) {
    t.notOk(isPastedCommand(line), line);
  }
});
