"""The bundled register: the wave-one and wave-two city deals, only what public sources state."""
