"""A shaped network link for bench/run.py --link: two network namespaces joined by a veth pair, each end
shaped with tbf (this kernel has tbf, not netem). The server namespace runs the private ClickHouse; every
client (Ferry, clickhouse-client, curl) runs in the client namespace, so its traffic crosses the link in
both directions. Needs root (ip, tc). Addresses are private to the two namespaces; nothing reaches any
other interface of the machine.

    link = ShapedLink("200mbit", prefix="ferry10-")
    link.create()        # removes leftovers of an earlier run first
    ...
    link.destroy()
"""

import subprocess

SERVER_ADDRESS = "10.253.0.1"
CLIENT_ADDRESS = "10.253.0.2"
NETWORK = "10.253.0.0/30"


def _run(*argv, check=True):
    return subprocess.run(list(argv), stdin=subprocess.DEVNULL, capture_output=True, text=True, check=check,
                          timeout=60)


class ShapedLink:
    def __init__(self, rate, prefix="ferry-bench-"):
        self.rate = rate
        self.server_ns = prefix + "srv"
        self.client_ns = prefix + "cli"
        # Interface names have at most 15 characters.
        self.server_if = (prefix + "s")[-15:]
        self.client_if = (prefix + "c")[-15:]

    def create(self):
        self.destroy()
        _run("ip", "netns", "add", self.server_ns)
        _run("ip", "netns", "add", self.client_ns)
        _run("ip", "link", "add", self.server_if, "type", "veth", "peer", "name", self.client_if)
        _run("ip", "link", "set", self.server_if, "netns", self.server_ns)
        _run("ip", "link", "set", self.client_if, "netns", self.client_ns)
        for ns, dev, address in ((self.server_ns, self.server_if, SERVER_ADDRESS),
                                 (self.client_ns, self.client_if, CLIENT_ADDRESS)):
            _run("ip", "-n", ns, "link", "set", "lo", "up")
            _run("ip", "-n", ns, "addr", "add", address + "/30", "dev", dev)
            _run("ip", "-n", ns, "link", "set", dev, "up")
            # Egress of each end: the link is shaped the same way in both directions. A 256 KiB bucket
            # lets TCP reach the rate; packets wait at most 50 ms in the queue.
            _run("tc", "-n", ns, "qdisc", "replace", "dev", dev, "root", "tbf", "rate", self.rate, "burst",
                 "256kb", "latency", "50ms")
        return self

    def destroy(self):
        # Deleting a namespace deletes the veth end in it, and with it its peer.
        for ns in (self.server_ns, self.client_ns):
            _run("ip", "netns", "delete", ns, check=False)

    def in_server(self, argv):
        return ["ip", "netns", "exec", self.server_ns] + list(argv)

    def in_client(self, argv):
        return ["ip", "netns", "exec", self.client_ns] + list(argv)

    def describe(self):
        return (f"{self.rate} tbf (burst 256kb, latency 50ms) on both ends of a veth pair "
                f"{self.client_ns} {CLIENT_ADDRESS} <-> {self.server_ns} {SERVER_ADDRESS}")
