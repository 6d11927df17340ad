import sys
sys.argv = ["x", ""]
def test_smoke(postgres_url):
    sys.argv = ["x", postgres_url]
    exec(open("/tmp/smoke.py").read(), {"__name__": "x"})
