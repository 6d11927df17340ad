"""HA-side runtimes, one per area: state, listeners, timers and persistence, no entities.

Each feature wraps the HA-free domain of ``core/`` for one community: ``register`` (the
一机一档 file), ``people`` (the registry), ``parking`` (the car park), ``access`` (the
decision on every face, card and plate, and who is inside), ``records`` (the searchable
store), ``recognition`` (faces and plates), ``docking`` (GA/T 1400 to the police),
``compliance`` (the tier's device menu) and ``staff_alerts`` (guards' phones). The runtime
(``runtime.py``) builds them; actions, the console and the platforms only call them.
"""
