#!/usr/bin/python3
"""python3-kubernetes (Debian's 22.6) against kube-sandbox.

Covers what kube-api.md §1.1, §2.5 and check 32 say about the Python client: /version with all nine
keys, CustomObjectsApi list/create/merge-patch/status, watch.Watch().stream with timeout_seconds,
the 410 ApiException, CoreV1Api events and namespaces, CoordinationV1Api leases, and the dynamic
client's discovery. Each test class starts its own kube-sandbox on a free port; the executable
comes from $CVC_BIN_DIR and the CRD from $CVC_SOURCE_DIR (ctest sets both).
Run with /usr/bin/python3: a python3 earlier on PATH may not see Debian's python3-kubernetes.
"""

import datetime
import json
import os
import re
import select
import subprocess
import tempfile
import threading
import time
import unittest

from kubernetes import client, config, dynamic, watch
from kubernetes.client.rest import ApiException

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.environ.get("CVC_SOURCE_DIR", os.path.dirname(os.path.dirname(HERE)))
BIN_DIR = os.environ.get("CVC_BIN_DIR", os.path.join(SOURCE_DIR, "build", "bin"))
GROUP, VERSION, PLURAL = "crypto.tools", "v1", "cryptovaluecalculators"


class Sandbox:
    """A kube-sandbox process on a free port with the project's CRD preloaded."""

    def __init__(self):
        self.dir = tempfile.TemporaryDirectory(prefix="kube-sandbox-py-")
        self.kubeconfig = os.path.join(self.dir.name, "kubeconfig")
        self.stderr = open(os.path.join(self.dir.name, "stderr.log"), "w+b")
        self.url = None
        self.process = None

    def start(self, timeout=30.0):
        executable = os.path.join(BIN_DIR, "kube-sandbox")
        args = [executable, "--port", "0", "--ephemeral", "--kubeconfig", self.kubeconfig,
                "--preload", os.path.join(SOURCE_DIR, "crds", "cryptovaluecalculators.yaml")]
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.stderr, cwd=self.dir.name)
        deadline = time.monotonic() + timeout
        output = b""
        while time.monotonic() < deadline and self.process.poll() is None:
            ready, _, _ = select.select([self.process.stdout], [], [], 0.2)
            if ready:
                output += os.read(self.process.stdout.fileno(), 4096)
                match = re.search(rb"listening on (https?://[^\s/]+)", output)
                if match:
                    self.url = match.group(1).decode()
                    return
        self.kill()
        raise RuntimeError("kube-sandbox did not start: stdout %r stderr %r" % (output[-2000:], self.stderr_text()))

    def stderr_text(self):
        self.stderr.seek(0)
        return self.stderr.read()[-2000:].decode(errors="replace")

    def stop(self, timeout=15.0):
        self.process.terminate()
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return -1

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(5)

    def close(self):
        self.kill()
        if self.process:
            self.process.stdout.close()
        self.stderr.close()
        self.dir.cleanup()


def cvc(name, coin="bitcoin", amount=0.5):
    return {"apiVersion": f"{GROUP}/{VERSION}", "kind": "CryptoValueCalculator",
            "metadata": {"name": name}, "spec": {"coin": coin, "amount": amount}}


class SandboxTestCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sandbox = Sandbox()
        cls.sandbox.start()
        cls.api_client = config.new_client_from_config(config_file=cls.sandbox.kubeconfig)
        cls.custom = client.CustomObjectsApi(cls.api_client)
        cls.core = client.CoreV1Api(cls.api_client)
        cls.coordination = client.CoordinationV1Api(cls.api_client)

    @classmethod
    def tearDownClass(cls):
        cls.api_client.close()
        code = cls.sandbox.stop()
        cls.sandbox.close()
        assert code == 0, "kube-sandbox exited with %s on SIGTERM" % code

    def list_rv(self, namespace):
        listing = self.custom.list_namespaced_custom_object(GROUP, VERSION, namespace, PLURAL)
        return listing["metadata"]["resourceVersion"]

    def make_namespace(self, name):
        self.core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=name)))

    def admin_get(self, path):
        response = self.api_client.call_api(
            path, "GET", header_params={"Accept": "application/json"}, auth_settings=["BearerToken"],
            _preload_content=False, _return_http_data_only=True)
        return json.loads(response.data)

    def admin_post(self, path, body):
        response = self.api_client.call_api(
            path, "POST", header_params={"Content-Type": "application/json", "Accept": "application/json"},
            body=body, auth_settings=["BearerToken"], _preload_content=False, _return_http_data_only=True)
        return response.status


class CustomObjectsTest(SandboxTestCase):
    def test_version(self):
        info = client.VersionApi(self.api_client).get_code()
        self.assertEqual(info.major, "1")
        self.assertEqual(info.minor, "32")
        self.assertTrue(info.git_version.startswith("v1.32."), info.git_version)

    def test_create_list_patch(self):
        self.make_namespace("py-crud")
        created = self.custom.create_namespaced_custom_object(GROUP, VERSION, "py-crud", PLURAL, cvc("py-btc", "bitcoin", 0.0023))
        self.assertEqual(created["metadata"]["generation"], 1)
        self.assertTrue(created["metadata"]["uid"])
        self.custom.create_namespaced_custom_object(GROUP, VERSION, "py-crud", PLURAL, cvc("py-eth", "ethereum", 1.47))

        listing = self.custom.list_namespaced_custom_object(GROUP, VERSION, "py-crud", PLURAL)
        self.assertEqual(listing["kind"], "CryptoValueCalculatorList")
        self.assertEqual(sorted(item["metadata"]["name"] for item in listing["items"]), ["py-btc", "py-eth"])
        everywhere = self.custom.list_cluster_custom_object(GROUP, VERSION, PLURAL)
        self.assertIn("py-btc", [item["metadata"]["name"] for item in everywhere["items"]])

        patched = self.custom.patch_namespaced_custom_object(GROUP, VERSION, "py-crud", PLURAL, "py-btc", {"spec": {"amount": 2}})
        self.assertEqual(patched["spec"]["amount"], 2)
        self.assertEqual(patched["metadata"]["generation"], 2)
        self.assertGreater(int(patched["metadata"]["resourceVersion"]), int(created["metadata"]["resourceVersion"]))

        status = self.custom.patch_namespaced_custom_object_status(
            GROUP, VERSION, "py-crud", PLURAL, "py-btc", {"status": {"change": "+1.0%", "price": 97000.5}})
        self.assertEqual(status["status"]["change"], "+1.0%")
        self.assertEqual(status["metadata"]["generation"], 2)
        fetched = self.custom.get_namespaced_custom_object(GROUP, VERSION, "py-crud", PLURAL, "py-btc")
        self.assertEqual(fetched["status"]["price"], 97000.5)

    def test_invalid_object(self):
        bad = cvc("py-bad")
        bad["spec"] = {"coin": "litecoin"}
        with self.assertRaises(ApiException) as caught:
            self.custom.create_namespaced_custom_object(GROUP, VERSION, "default", PLURAL, bad)
        self.assertEqual(caught.exception.status, 422)
        body = json.loads(caught.exception.body)
        self.assertEqual(body["reason"], "Invalid")
        self.assertEqual(sorted(c["field"] for c in body["details"]["causes"]), ["spec.amount", "spec.coin"])

    def test_not_found(self):
        with self.assertRaises(ApiException) as caught:
            self.custom.get_namespaced_custom_object(GROUP, VERSION, "default", PLURAL, "nope")
        self.assertEqual(caught.exception.status, 404)
        self.assertEqual(json.loads(caught.exception.body)["details"]["kind"], PLURAL)

    def test_watch_replays_from_resource_version(self):
        self.make_namespace("py-watch")
        rv = self.list_rv("py-watch")
        self.custom.create_namespaced_custom_object(GROUP, VERSION, "py-watch", PLURAL, cvc("w1"))
        self.custom.patch_namespaced_custom_object(GROUP, VERSION, "py-watch", PLURAL, "w1", {"spec": {"amount": 3}})
        self.custom.delete_namespaced_custom_object(GROUP, VERSION, "py-watch", PLURAL, "w1")

        seen = []
        w = watch.Watch()
        for event in w.stream(self.custom.list_namespaced_custom_object, GROUP, VERSION, "py-watch", PLURAL,
                              resource_version=rv, timeout_seconds=10):
            seen.append((event["type"], event["object"]["metadata"]["name"], int(event["object"]["metadata"]["resourceVersion"])))
            if len(seen) == 3:
                w.stop()
        self.assertEqual([(t, n) for t, n, _ in seen], [("ADDED", "w1"), ("MODIFIED", "w1"), ("DELETED", "w1")])
        versions = [v for _, _, v in seen]
        self.assertEqual(versions, sorted(set(versions)), "resourceVersions must strictly increase")

    def test_watch_live_events(self):
        """Events written while the stream is open arrive one by one (one JSON object per line, flushed)."""
        self.make_namespace("py-live")
        rv = self.list_rv("py-live")
        baseline = self.admin_get("/sandbox/stats")["openWatches"]
        errors = []

        def writer():
            # Write only once the watch is really open: poll the server's own count, with a deadline.
            deadline = time.monotonic() + 15
            while self.admin_get("/sandbox/stats")["openWatches"] <= baseline:
                if time.monotonic() > deadline:
                    errors.append("the watch never opened")
                    return
                time.sleep(0.05)
            for i in range(3):
                self.custom.create_namespaced_custom_object(GROUP, VERSION, "py-live", PLURAL, cvc("live-%d" % i))

        thread = threading.Thread(target=writer)
        thread.start()
        seen = []
        w = watch.Watch()
        for event in w.stream(self.custom.list_namespaced_custom_object, GROUP, VERSION, "py-live", PLURAL,
                              resource_version=rv, timeout_seconds=20):
            seen.append((event["type"], event["object"]["metadata"]["name"]))
            if len(seen) == 3:
                w.stop()
        thread.join(20)
        self.assertEqual(errors, [])
        self.assertEqual(seen, [("ADDED", "live-0"), ("ADDED", "live-1"), ("ADDED", "live-2")])

    def test_watch_initial_events_and_timeout(self):
        self.make_namespace("py-initial")
        self.custom.create_namespaced_custom_object(GROUP, VERSION, "py-initial", PLURAL, cvc("i1"))
        self.custom.create_namespaced_custom_object(GROUP, VERSION, "py-initial", PLURAL, cvc("i2", "ethereum", 1))
        started = time.monotonic()
        events = list(watch.Watch().stream(self.custom.list_namespaced_custom_object, GROUP, VERSION, "py-initial", PLURAL,
                                           timeout_seconds=2))
        self.assertEqual(sorted((e["type"], e["object"]["metadata"]["name"]) for e in events), [("ADDED", "i1"), ("ADDED", "i2")])
        self.assertLess(time.monotonic() - started, 10, "the server did not honour timeoutSeconds")

    def test_watch_expired_raises_410(self):
        """Check 32: an ERROR 410 event becomes ApiException(status=410) when timeout_seconds is set."""
        self.make_namespace("py-expired")
        old_rv = self.list_rv("py-expired")
        for i in range(3):
            self.custom.create_namespaced_custom_object(GROUP, VERSION, "py-expired", PLURAL, cvc("e%d" % i))
        self.assertEqual(self.admin_post("/sandbox/faults", {"compact": True}), 200)
        with self.assertRaises(ApiException) as caught:
            for _ in watch.Watch().stream(self.custom.list_namespaced_custom_object, GROUP, VERSION, "py-expired", PLURAL,
                                          resource_version=old_rv, timeout_seconds=5):
                pass
        self.assertEqual(caught.exception.status, 410)
        self.assertIn("too old resource version", str(caught.exception.reason))

    def test_dynamic_client_discovery(self):
        dyn = dynamic.DynamicClient(self.api_client)
        resource = dyn.resources.get(api_version=f"{GROUP}/{VERSION}", kind="CryptoValueCalculator")
        self.assertEqual(resource.name, PLURAL)
        self.assertTrue(resource.namespaced)
        resource.create(body=cvc("dyn-btc"), namespace="default")
        names = [item.metadata.name for item in resource.get(namespace="default").items]
        self.assertIn("dyn-btc", names)


class CoreAndCoordinationTest(SandboxTestCase):
    def test_namespaces(self):
        names = [ns.metadata.name for ns in self.core.list_namespace().items]
        for expected in ("default", "kube-system", "kube-public"):
            self.assertIn(expected, names)

    def test_events(self):
        target = self.custom.create_namespaced_custom_object(GROUP, VERSION, "default", PLURAL, cvc("ev-btc"))
        now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
        event = client.CoreV1Event(
            metadata=client.V1ObjectMeta(name="ev-btc.1", namespace="default"),
            involved_object=client.V1ObjectReference(api_version=f"{GROUP}/{VERSION}", kind="CryptoValueCalculator",
                                                     name="ev-btc", namespace="default", uid=target["metadata"]["uid"]),
            reason="FirstValuation", message="valued at $1.0000", type="Normal",
            source=client.V1EventSource(component="crypto.tools/cvc-operator"),
            first_timestamp=now, last_timestamp=now, count=1)
        created = self.core.create_namespaced_event("default", event)
        self.assertEqual(created.reason, "FirstValuation")
        self.assertEqual(created.first_timestamp, now)
        selected = self.core.list_namespaced_event("default", field_selector="involvedObject.name=ev-btc,involvedObject.kind=CryptoValueCalculator")
        self.assertEqual([e.metadata.name for e in selected.items], ["ev-btc.1"])

    def test_lease_concurrency(self):
        acquire = datetime.datetime(2026, 11, 24, 1, 2, 3, 123456, tzinfo=datetime.timezone.utc)
        lease = client.V1Lease(
            metadata=client.V1ObjectMeta(name="py-lease", namespace="default"),
            spec=client.V1LeaseSpec(holder_identity="py_a", lease_duration_seconds=15, acquire_time=acquire,
                                    renew_time=acquire, lease_transitions=0))
        created = self.coordination.create_namespaced_lease("default", lease)
        self.assertEqual(created.spec.renew_time, acquire, "MicroTime must keep all six fractional digits")

        renewed_body = self.coordination.read_namespaced_lease("py-lease", "default")
        renewed_body.spec.renew_time = acquire + datetime.timedelta(seconds=8, microseconds=1)
        renewed = self.coordination.replace_namespaced_lease("py-lease", "default", renewed_body)
        self.assertEqual(renewed.spec.renew_time, renewed_body.spec.renew_time)
        self.assertNotEqual(renewed.metadata.resource_version, created.metadata.resource_version)

        created.spec.holder_identity = "py_b"   # still carries the creation resourceVersion
        with self.assertRaises(ApiException) as caught:
            self.coordination.replace_namespaced_lease("py-lease", "default", created)
        self.assertEqual(caught.exception.status, 409)
        self.assertEqual(json.loads(caught.exception.body)["reason"], "Conflict")


if __name__ == "__main__":
    unittest.main()
