"""Codes of the Hefei smart safe community standard, one module per standard (python-stdnum style).

``division`` (GB/T 2260), ``community`` (15-digit community code), ``gb28181`` (20-digit device
code and its Hefei variants, ``allocate_device_code``), ``device_name`` (naming rule) and
``contact_phone`` (register contact numbers). Each offers ``compact``/``validate``/``is_valid``
(and ``format``/``parse`` where useful); errors subclass ``stdnum.exceptions.ValidationError``.
"""
