"""GA/T 1400 (公安视频图像信息应用系统 / 视图库): the one implementation, both directions.

Device side (what cameras and lower platforms POST to the community):
- :mod:`.server`   request routing: Register, Keepalive, UnRegister, Faces, MotorVehicles,
                   Persons, NonMotorVehicles, SubscribeNotifications
- :mod:`.bodies`, :mod:`.objects`  FaceObject / MotorVehicleObject / SubImageInfoObject →
                   DeviceEvent (PersonObject / NonMotorVehicleObject → OTHER events)
- :mod:`.envelope` ResponseStatusObject / ResponseStatusListObject, :mod:`.codes` status and
                   image-type codes

Upstream side (what the community sends to the police view library):
- :mod:`.client`   the digest-authenticated session (Register, Keepalive, objects)
- :mod:`.viid`     captures as GA/T 1400 objects, ResponseStatus parsing, VIID times
- :mod:`.ids`      41-digit image / source ids and object ids

HTTP digest for both sides is :mod:`..digest`.
"""
