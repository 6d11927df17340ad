"""GA/T 1400 (公安视频图像信息应用系统 / 视图库) server side: what devices and lower platforms POST.

- :mod:`.digest`   HTTP digest (MD5, qop=auth) verifier and client header builder
- :mod:`.envelope` ResponseStatusObject / ResponseStatusListObject
- :mod:`.objects`  FaceObject / MotorVehicleObject / SubImageInfoObject -> DeviceEvent
                   (PersonObject / NonMotorVehicleObject -> OTHER events)
- :mod:`.server`   request routing: Register, Keepalive, UnRegister, Faces, MotorVehicles,
                   Persons, NonMotorVehicles, SubscribeNotifications
"""
