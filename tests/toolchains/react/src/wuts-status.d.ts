/// <reference types="wuts-status/react" />
