"""An offline replica of the Back In Step blog, served on 127.0.0.1 for the demo, tests and benchmarks."""

from crawler.replica.server import ReplicaServer
from crawler.replica.site import Site, build_site
from crawler.replica.truth import GroundTruth

__all__ = ["GroundTruth", "ReplicaServer", "Site", "build_site"]
