{
  "targets": [
    {
      "target_name": "signalfd",
      "sources": [
        "src-native/addon.cc",
        "src-native/errno_error.cc",
        "src-native/mask_broadcast.cc",
        "src-native/process_control.cc",
        "src-native/record_reader.cc",
        "src-native/safety_net.cc",
        "src-native/sigchld_relay.cc",
        "src-native/siginfo_record.cc",
        "src-native/signal_calls.cc",
        "src-native/signal_holds.cc",
        "src-native/sigset_array.cc"
      ],
      "dependencies": [
        "<!(node -p \"require('node-addon-api').targets\"):node_addon_api_except"
      ],
      "defines": ["NAPI_VERSION=8", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags_cc": ["-std=c++17", "-Wall", "-Wextra", "-fvisibility=hidden"],
      "cflags_cc!": ["-std=gnu++17", "-fno-exceptions"],
      "conditions": [
        ["OS!='linux'", { "type": "none" }]
      ]
    },
    {
      "target_name": "signalfd-exec",
      "type": "executable",
      "sources": ["src-native/exec_shim.c"],
      "cflags": ["-Wall", "-Wextra"],
      "conditions": [
        ["OS!='linux'", { "type": "none" }]
      ]
    }
  ]
}
